package dev.courier.http.h2;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of HTTP/2 settings (RFC 9113 §6.5.2): the values one side has set, each in its
 * valid range, and the initial value for every parameter not set. It is both what a SETTINGS
 * frame carries (only the parameters it sets are sent) and, after {@link #apply}, a peer's
 * current configuration.
 *
 * <pre>{@code
 * Settings ours = Settings.DEFAULTS
 *     .with(SettingsParameter.MAX_CONCURRENT_STREAMS, 100)
 *     .with(SettingsParameter.INITIAL_WINDOW_SIZE, 1 << 20);
 * Settings peer = Settings.DEFAULTS.apply(received.settings());
 * int frameSize = peer.maxFrameSize();
 * }</pre>
 */
public final class Settings {
  /** The value of MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE before any limit is set. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** No parameter set: every value is its initial value; as a frame, an empty SETTINGS. */
  public static final Settings DEFAULTS = new Settings(new EnumMap<>(SettingsParameter.class));

  private final EnumMap<SettingsParameter, Long> values;

  private Settings(EnumMap<SettingsParameter, Long> values) {
    this.values = values;
  }

  /**
   * These settings with {@code parameter} set to {@code value}.
   *
   * @throws IllegalArgumentException when the value is outside the parameter's range
   */
  public Settings with(SettingsParameter parameter, long value) {
    Objects.requireNonNull(parameter, "parameter");
    if (!parameter.isValid(value)) {
      throw new IllegalArgumentException(parameter + " must be in " + parameter.min() + ".."
          + parameter.max() + ", not " + value);
    }
    EnumMap<SettingsParameter, Long> copy = new EnumMap<>(values);
    copy.put(parameter, value);
    return new Settings(copy);
  }

  /**
   * These settings updated by the parameters {@code update} sets, in the way a received SETTINGS
   * frame updates the sender's configuration (§6.5.3): unset parameters keep their value.
   */
  public Settings apply(Settings update) {
    if (update.values.isEmpty()) return this;
    EnumMap<SettingsParameter, Long> copy = new EnumMap<>(values);
    copy.putAll(update.values);
    return new Settings(copy);
  }

  /** The parameters set explicitly, in identifier order: what a SETTINGS frame carries. */
  public Map<SettingsParameter, Long> entries() {
    return Collections.unmodifiableMap(values);
  }

  /** Whether {@code parameter} was set explicitly. */
  public boolean isSet(SettingsParameter parameter) {
    return values.containsKey(parameter);
  }

  /** The value of {@code parameter}: as set, or its initial value. */
  public long get(SettingsParameter parameter) {
    Long value = values.get(parameter);
    return value != null ? value : parameter.initialValue();
  }

  /** SETTINGS_HEADER_TABLE_SIZE, capped at {@link Integer#MAX_VALUE}. */
  public int headerTableSize() {
    return (int) Math.min(Integer.MAX_VALUE, get(SettingsParameter.HEADER_TABLE_SIZE));
  }

  /** SETTINGS_ENABLE_PUSH. */
  public boolean enablePush() {
    return get(SettingsParameter.ENABLE_PUSH) == 1;
  }

  /** SETTINGS_MAX_CONCURRENT_STREAMS, or {@link #UNLIMITED}. */
  public long maxConcurrentStreams() {
    return get(SettingsParameter.MAX_CONCURRENT_STREAMS);
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE. */
  public int initialWindowSize() {
    return (int) get(SettingsParameter.INITIAL_WINDOW_SIZE);
  }

  /** SETTINGS_MAX_FRAME_SIZE. */
  public int maxFrameSize() {
    return (int) get(SettingsParameter.MAX_FRAME_SIZE);
  }

  /** SETTINGS_MAX_HEADER_LIST_SIZE, or {@link #UNLIMITED}. */
  public long maxHeaderListSize() {
    return get(SettingsParameter.MAX_HEADER_LIST_SIZE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Settings" + values;
  }
}
