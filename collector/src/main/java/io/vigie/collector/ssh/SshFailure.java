package io.vigie.collector.ssh;

/** Why an SSH poll failed, in the words the poll point's reason uses. */
final class SshFailure extends Exception {
  private static final long serialVersionUID = 1L;

  SshFailure(String reason) {
    super(reason);
  }
}
