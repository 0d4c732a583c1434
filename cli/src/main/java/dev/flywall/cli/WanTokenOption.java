package dev.flywall.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The bearer token of {@code wan pin} and {@code wan unpin}. The environment variable comes before
 * the bundle so a token can be given without putting it on the command line (where {@code ps}
 * shows it); the bundle's own token is the fallback that makes the commands work as root on the
 * gateway without any option.
 */
final class WanTokenOption {

    static final String VARIABLE = "FLYWALL_API_TOKEN";

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The API token (default: $" + VARIABLE + ", else api { token } of the applied"
                    + " configuration when this user can read it).")
    String token;

    Optional<String> resolve(WanOptions wan) {
        if (token != null && !token.isBlank()) {
            return Optional.of(token);
        }
        String fromEnvironment = System.getenv(VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        return wan.bundleToken();
    }

    /** Says why the API refused a pin or unpin; 401 and 403 with what to do about the token. */
    /**
     * POSTs a mutating call with the token and reports the outcome: {@code onOk} prints the answer;
     * refusals and an unreachable daemon become the documented messages and exit codes.
     */
    int post(
            WanOptions wan,
            String path,
            com.fasterxml.jackson.databind.node.ObjectNode body,
            PrintWriter err,
            java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> onOk)
            throws InterruptedException {
        java.util.Optional<String> bearer = resolve(wan);
        switch (wan.client().post(path, body, bearer)) {
            case WanApi.Ok ok -> {
                onOk.accept(ok.body());
                return ExitCodes.SUCCESS;
            }
            case WanApi.Refused r -> {
                return report(r, bearer.isPresent(), err);
            }
            case WanApi.Unreachable u -> {
                err.println("flywall: " + u.message());
                return ExitCodes.DAEMON_NOT_RUNNING;
            }
        }
    }

    static int report(WanApi.Refused refused, boolean tokenSent, PrintWriter err) {
        switch (refused.status()) {
            case 401 -> {
                err.println(
                        tokenSent
                                ? "flywall: the API refused the token (" + refused.message() + ")"
                                : "flywall: the API needs a token: pass --token TOKEN or set " + VARIABLE);
                return ExitCodes.NOT_AUTHORIZED;
            }
            case 403 -> {
                err.println("flywall: " + refused.message());
                return ExitCodes.NOT_AUTHORIZED;
            }
            default -> {
                err.println("flywall: " + refused.message());
                return ExitCodes.FAILURE;
            }
        }
    }
}
