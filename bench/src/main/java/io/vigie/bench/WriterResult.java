package io.vigie.bench;

/** One case of the writer benchmark: a sender, a batch size, gzip or not, and what it cost. */
record WriterResult(
    int batch,
    boolean gzip,
    String sender,
    long points,
    double wall,
    double senderCpu,
    double influxCpu,
    double otherCpu,
    long counted) {
  double rate() {
    return points / wall;
  }
}
