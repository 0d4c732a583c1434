package dev.flywall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method runs these programs (e.g. {@code nft}, {@code ip},
 * {@code conntrack}): each must be an executable on {@code PATH}, in {@code /usr/sbin} or in
 * {@code /sbin}. Without one the test is skipped with the reason printed; with {@code CI=true} it
 * fails instead, naming what is missing and its Debian package (see {@link HostRequirements}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HostRequirements.class)
public @interface NeedsTools {

    /** The programs, by name. */
    String[] value();
}
