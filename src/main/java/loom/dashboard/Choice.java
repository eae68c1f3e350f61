package loom.dashboard;

import java.io.Serializable;

/**
 * An entry of a select menu (whose settings, whose keys, a filter of the logs): read in EL as
 * {@code #{option.label()}}.
 */
public record Choice(String value, String label) implements Serializable {
  private static final long serialVersionUID = 1L;
}
