/**
 * Doors between the vocabulary ({@code dev.courier.http}) and the codec ({@code
 * dev.courier.http.wire}) that must not be public API: not exported by {@code module-info}, and
 * LayeringTest lets only those two packages use it.
 *
 * <p>The pattern is the JDK's own for crossing package lines without widening a public class: the
 * owning class registers an implementation of a small interface here in its static initializer,
 * and the one permitted caller fetches it. Today it carries one thing: the HTTP/1.1 parser hands
 * {@link dev.courier.http.Headers} the fields it has already checked byte by byte, so they are not
 * copied and checked a second time on every message.
 */
package dev.courier.http.access;
