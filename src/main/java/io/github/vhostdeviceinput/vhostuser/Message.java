// One validated front-end request: its header, decoded payload and the fds that came with it.
package io.github.vhostdeviceinput.vhostuser;

/**
 * A request that passed every codec check.
 *
 * @param payload the decoded body, or null for requests without one
 * @param fds the fds received with it, exactly as many as the request allows; owned by whoever
 *     holds the message until passed on or closed
 */
record Message(Header header, Request request, Payload payload, int[] fds) {}
