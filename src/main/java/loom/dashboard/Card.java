package loom.dashboard;

import java.io.Serializable;

/**
 * One figure of the overview with its change against the previous period of the same length. In EL, read it
 * with accessor calls ({@code #{card.label()}}): EL 5 has no resolver for record properties.
 *
 * @param id a stable name (for tests and styles)
 * @param change e.g. "+12.5 %", "−0.4 pp", "new" or "no change"
 * @param tone "good", "bad" or "neutral": how the change reads for this figure
 */
public record Card(String id, String label, String value, String change, String tone)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
