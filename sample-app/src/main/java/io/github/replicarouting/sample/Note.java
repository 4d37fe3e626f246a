package io.github.replicarouting.sample;

/**
 * A note, as stored.
 *
 * @param id its id
 * @param text its text
 */
public record Note(long id, String text) {

}
