// Checks that Java splits, quotes and rewrites agent tokens exactly as the C agent reads them.
package io.github.vhostdeviceinput.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCommandsTest {
  @Test
  void tokenizeHonoursQuotesAndEscapes() {
    assertEquals(
        List.of("uinput", "create", "u1", "name=a b", "x\"y", "", "\u00e9"),
        AgentCommands.tokenize("  uinput\tcreate u1 name=\"a b\" x\\x22y \"\" \\xc3\\xa9 "));
  }

  @Test
  void tokenizeRejectsBrokenInput() {
    assertThrows(IllegalArgumentException.class, () -> AgentCommands.tokenize("a \"b"));
    assertThrows(IllegalArgumentException.class, () -> AgentCommands.tokenize("a \\x2"));
    assertThrows(IllegalArgumentException.class, () -> AgentCommands.tokenize("a \\y20"));
  }

  @Test
  void quoteRoundTrips() {
    String name = "Keyboard \"K\\1\" \u00e9\t";
    String quoted = AgentCommands.quote(name);
    assertEquals("\"Keyboard \\x22K\\x5c1\\x22 \\xc3\\xa9\\x09\"", quoted);
    assertEquals(List.of(name), AgentCommands.tokenize(quoted));
  }

  @Test
  void kernelFormKeepsTheTokens() {
    String command = "uinput create u1 name=\"my kbd\" KEY=KEY_A \\x41";
    String kernel = AgentCommands.forKernelCommandLine(command);
    assertEquals("uinput create u1 name=my\\x20kbd KEY=KEY_A \\x41", kernel);
    assertEquals(AgentCommands.tokenize(command), AgentCommands.tokenize(kernel));
  }
}
