package dev.courier.http.h2;

/** The {@link WindowBudget} that grants whatever is asked: windows bounded by their maxima alone. */
enum UnlimitedBudget implements WindowBudget {
  INSTANCE;

  @Override
  public long take(long wanted) {
    return Math.max(wanted, 0);
  }

  @Override
  public void give(long bytes) {
    // nothing is counted
  }
}
