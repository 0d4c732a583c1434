package dev.flywall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method needs root: uid 0 with CAP_SYS_ADMIN and CAP_NET_ADMIN, as
 * network namespaces, mounts and nftables do. Without it the test is skipped with the reason
 * printed; with {@code CI=true} it fails instead, naming what is missing (see
 * {@link HostRequirements}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HostRequirements.class)
public @interface NeedsRoot {}
