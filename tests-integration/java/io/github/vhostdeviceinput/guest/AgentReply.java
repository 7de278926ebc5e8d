// The agent's answer to one command: an OK or ERR line.
package io.github.vhostdeviceinput.guest;

import java.util.List;

/**
 * An {@code OK TAG VERB DETAIL...} or {@code ERR TAG VERB ERRNO "MESSAGE"} line.
 *
 * @param ok whether the command succeeded
 * @param tag the command's tag ({@code #7}), or {@code -} for untagged and scripted commands
 * @param verb the command's first word
 * @param words after OK: the detail words; after ERR: the errno name and the message
 * @param line the whole line
 */
public record AgentReply(boolean ok, String tag, String verb, List<String> words, String line) {

  public AgentReply {
    words = List.copyOf(words);
  }

  /** After ERR: the errno name, e.g. {@code EBUSY}; after OK: empty. */
  public String errno() {
    return !ok && !words.isEmpty() ? words.get(0) : "";
  }

  /** The detail words joined by spaces (after OK), or the message (after ERR). */
  public String detail() {
    if (ok) {
      return String.join(" ", words);
    }
    return words.size() > 1 ? words.get(1) : "";
  }
}
