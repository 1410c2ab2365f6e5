package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A point that comes once per InfluxDB replica (a subscription on each) is one point, as InfluxDB
 * stores one per series and time.
 */
class WrittenPointsTest {
  private static final String INVENTORY =
      """
      clients:
        - {id: acme, name: ACME, contacts: [ops@acme.example]}
      targets:
        - {id: web, client: acme, kind: local}
      """;

  @Test
  void theCopiesOfAPointComingFromTwoReplicasAreOnePoll() throws Exception {
    Inventory inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "inventory.yml");
    String failed =
        "poll,client=acme,collector=c1,kind=local,target=web up=0i,reason=\"timed out\","
            + "failure=\"timeout\" ";
    List<LineProtocol.Point> points = new ArrayList<>();
    // Two polls, each from both replicas, the copies interleaved as two writers post them.
    for (String body :
        List.of(failed + "1000000000", failed + "1000000000", failed + "2000000000")) {
      points.addAll(LineProtocol.parse(body).points());
    }
    points.addAll(LineProtocol.parse(failed + "2000000000").points());
    Observations seen = WrittenPoints.observations(inventory, points);
    assertThat(seen.polls().get("web")).hasSize(2);
  }

  @Test
  void fieldsOfOneSeriesAndTimeAreMergedTheLaterWinning() {
    List<LineProtocol.Point> points =
        LineProtocol.parse("m,t=a x=1i,y=1i 5\nm,t=a y=2i 5\nm,t=b x=1i 5").points();
    List<LineProtocol.Point> one = WrittenPoints.distinct(points);
    assertThat(one).hasSize(2);
    assertThat(one.get(0).fields()).containsEntry("x", 1L).containsEntry("y", 2L);
  }
}
