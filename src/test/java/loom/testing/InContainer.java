package loom.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An Arquillian test of what needs a container's own lifecycle (deploy, undeploy, redeploy, JNDI), run by the
 * build once in each container it tests on ({@link ArquillianServer}). Tagged so that only the build's
 * Arquillian executions run it, never those against the servers cargo started.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(InContainer.TAG)
@ExtendWith({ManagerPassword.class, ArquillianExtension.class})
public @interface InContainer {
  /** The JUnit tag of these tests (pom.xml: {@code groups} and {@code excludedGroups} of the failsafe executions). */
  String TAG = "arquillian";
}
