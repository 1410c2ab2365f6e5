package io.vigie.model.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory that cannot be used, with every error found in it. */
public final class InventoryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<InventoryError> errors;

  public InventoryException(List<InventoryError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in inventory:\n"
            + errors.stream().map(InventoryError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<InventoryError> errors() {
    return errors;
  }
}
