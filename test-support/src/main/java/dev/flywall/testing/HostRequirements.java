package dev.flywall.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The one gate for tests that need root or kernel tools ({@link NeedsRoot}, {@link NeedsTools}).
 * Where the machine has what the test needs, the test runs. Where it does not, the test is
 * skipped, with the reason printed on stderr as well as reported — unless the environment
 * variable {@code CI} is {@code true}: there a skipped root test would let a suite pass without
 * ever exercising the kernel, so the test fails instead, naming what is missing.
 *
 * <p>The machine is {@link Host#current()}; the configuration parameter {@value #HOST_PARAMETER}
 * names another {@link Host} class (with a no-argument constructor), for the gate's own tests.
 */
public final class HostRequirements implements ExecutionCondition {

    /** Configuration parameter: the class name of the {@link Host} to ask instead of this machine. */
    public static final String HOST_PARAMETER = "flywall.testing.host";

    /** The Debian package of each tool the tests run, named in the messages. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("nft", "nftables"),
            Map.entry("ip", "iproute2"),
            Map.entry("conntrack", "conntrack"),
            Map.entry("sysctl", "procps"),
            Map.entry("mount", "mount"),
            Map.entry("umount", "mount"),
            Map.entry("ping", "iputils-ping"),
            Map.entry("dhclient", "isc-dhcp-client"),
            Map.entry("dnsmasq", "dnsmasq-base"),
            Map.entry("chromium", "chromium"),
            Map.entry("chromedriver", "chromium-driver"),
            Map.entry("pppd", "ppp"),
            Map.entry("dhcpd", "isc-dhcp-server"),
            Map.entry("keepalived", "keepalived"),
            Map.entry("conntrackd", "conntrackd"));

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("nothing to check");
        }
        boolean root = AnnotationSupport.isAnnotated(element.get(), NeedsRoot.class);
        List<String> tools = AnnotationSupport.findAnnotation(element.get(), NeedsTools.class)
                .map(needs -> Arrays.asList(needs.value()))
                .orElse(List.of());
        if (!root && tools.isEmpty()) {
            return ConditionEvaluationResult.enabled("no host requirements");
        }
        Host host = host(context);
        return decide(
                name(context),
                missing(root, tools, host),
                host.env("CI").map("true"::equalsIgnoreCase).orElse(false));
    }

    /** What {@code host} lacks of root (when {@code root}) and of {@code tools}, in that order. */
    static List<String> missing(boolean root, List<String> tools, Host host) {
        List<String> missing = new ArrayList<>();
        if (root) {
            host.missingPrivilege().ifPresent(missing::add);
        }
        for (String tool : tools) {
            if (!host.hasTool(tool)) {
                String pkg = PACKAGES.get(tool);
                missing.add(pkg == null ? tool : tool + " (Debian package " + pkg + ")");
            }
        }
        return missing;
    }

    /**
     * Runs the test when nothing is missing; else skips it, or in CI fails it.
     *
     * @throws AssertionFailedError in CI when something is missing (an error, not an exception,
     *     so JUnit reports it as the test's failure rather than as a broken condition)
     */
    static ConditionEvaluationResult decide(String test, List<String> missing, boolean ci) {
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("the host has what it needs");
        }
        String lacks = String.join("; ", missing);
        if (ci) {
            throw new AssertionFailedError(test + " must run when CI=true, but this machine lacks: " + lacks
                    + ". Run the tests as root with the tools installed (./run-tests installs them).");
        }
        System.err.println("SKIPPED " + test + ": needs " + lacks);
        return ConditionEvaluationResult.disabled("needs " + lacks);
    }

    /** "DaemonTest", or "StateDirTest.aTestMethod" for a method. */
    private static String name(ExtensionContext context) {
        String testClass = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
        return context.getTestMethod()
                .map(method -> testClass + "." + method.getName())
                .orElse(testClass);
    }

    private static Host host(ExtensionContext context) {
        Optional<String> name = context.getConfigurationParameter(HOST_PARAMETER);
        if (name.isEmpty()) {
            return Host.current();
        }
        try {
            return Class.forName(name.get())
                    .asSubclass(Host.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalArgumentException(HOST_PARAMETER + " names no usable Host class: " + name.get(), cause);
        }
    }
}
