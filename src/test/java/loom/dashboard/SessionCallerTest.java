package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Optional;
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.User;
import org.junit.jupiter.api.Test;

class SessionCallerTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
  private static final User ADA = new User("usr_a", "ada", Role.ADMIN, T, T);

  @Test
  void aCallerWhoseUserIsUnchangedStaysTheSame() {
    Caller caller = Caller.ofSession(ADA);

    assertThat(SessionCaller.refresh(caller, Optional.of(ADA))).containsSame(caller);
  }

  @Test
  void aRenamedOrDemotedUserGetsANewCaller() {
    Caller caller = Caller.ofSession(ADA);

    assertThat(
            SessionCaller.refresh(caller, Optional.of(new User("usr_a", "ada", Role.USER, T, T))))
        .hasValueSatisfying(now -> assertThat(now.isAdmin()).isFalse());
    assertThat(
            SessionCaller.refresh(
                caller, Optional.of(new User("usr_a", "ada l.", Role.ADMIN, T, T))))
        .hasValueSatisfying(now -> assertThat(now.userName()).isEqualTo("ada l."));
  }

  @Test
  void aDeletedUserHasNoCallerAnyMore() {
    assertThat(SessionCaller.refresh(Caller.ofSession(ADA), Optional.empty())).isEmpty();
  }

  @Test
  void theSessionsCallerSurvivesSerialisationAsContainersPersistSessions() throws Exception {
    Caller caller = Caller.ofSession(ADA);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(caller);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(caller);
    }
  }

  @Test
  void noSessionOrNoCallerInItIsNobody() {
    FakeHttp.Session session = new FakeHttp.Session();
    assertThat(SessionCaller.of(null)).isEmpty();
    assertThat(SessionCaller.of(session.proxy())).isEmpty();
    session.attributes.put(SessionCaller.ATTRIBUTE, "not a caller");
    assertThat(SessionCaller.of(session.proxy())).isEmpty();
  }
}
