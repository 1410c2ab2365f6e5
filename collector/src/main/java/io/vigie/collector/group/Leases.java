package io.vigie.collector.group;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;

/**
 * The two key-value buckets of collector groups: {@code vigie_members} (a key per member, put again
 * every heartbeat) and {@code vigie_owners} (a key per target, whose value is its owner). Keys are
 * {@code GROUP.ID}, ids' dots written as {@code =} (a NATS key's tokens cannot be empty, and an id
 * may end with a dot; ids never hold {@code =}).
 */
final class Leases {
  static final String MEMBERS = "vigie_members";
  static final String OWNERS = "vigie_owners";

  private Leases() {}

  static String key(String group, String id) {
    return group.replace('.', '=') + "." + id.replace('.', '=');
  }

  static String id(String key) {
    return key.substring(key.indexOf('.') + 1).replace('=', '.');
  }

  static String prefix(String group) {
    return group.replace('.', '=') + ".>";
  }

  /** The bucket, made when missing: file storage, one value per key, replicated. */
  static KeyValue bucket(Connection connection, String name, int replicas)
      throws IOException, JetStreamApiException {
    KeyValueManagement kvm = connection.keyValueManagement();
    if (!kvm.getBucketNames().contains(name)) {
      try {
        kvm.create(
            KeyValueConfiguration.builder()
                .name(name)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .build());
      } catch (JetStreamApiException e) {
        // Another member made it at the same moment: then it exists, and keyValue() below works.
        if (!kvm.getBucketNames().contains(name)) {
          throw e;
        }
      }
    }
    return connection.keyValue(name);
  }
}
