package io.vigie.model.logs;

/**
 * A line a regular expression may read only so many characters of: Java's regex engine backtracks,
 * and a rule written like {@code (a+)+$} against a hostile line could hold the receiving thread for
 * minutes. Past the budget, reading throws {@link Exhausted} and the line counts as not matching.
 */
final class BoundedText implements CharSequence {
  /** Characters a match may read per character of the line (and a floor for short lines). */
  static final int READS_PER_CHAR = 200;

  static final int MIN_READS = 100_000;

  /** Thrown past the budget; without a stack trace, as it is expected and frequent under attack. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("the regular expression read too much of the line", null, false, false);
    }
  }

  private final CharSequence text;
  private final int[] left;

  BoundedText(CharSequence text) {
    this(text, new int[] {Math.max(MIN_READS, text.length() * READS_PER_CHAR)});
  }

  private BoundedText(CharSequence text, int[] left) {
    this.text = text;
    this.left = left;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    if (--left[0] < 0) {
      throw new Exhausted();
    }
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.subSequence(start, end), left);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
