package dev.authkit.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.access.Requirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How annotations become requirements, without a runtime (the suites prove the same over HTTP). */
class AnnotationRequirementsTest {

  @RolesAllowed("admin")
  static class Annotated {
    public void inherits() {}

    @PermitAll
    public void open() {}

    @RequiresScope("orders:write")
    public void scoped() {}

    @RolesAllowed("clerk")
    public void otherRole() {}

    @RolesAllowed("clerk")
    @RequiresScope({"a", "b"})
    @RequiresAnyScope({"c", "d"})
    public void combined() {}

    @PermitAll
    @DenyAll
    public void contradictory() {}

    @RolesAllowed({})
    public void noRole() {}

    @RequiresScope(" ")
    public void blankScope() {}
  }

  static class Plain {
    public void none() {}
  }

  private static Optional<Requirement> of(Class<?> type, String name) throws NoSuchMethodException {
    Method method = type.getMethod(name);
    return AnnotationRequirements.of(method, type);
  }

  @Test
  void ofWhenMethodUnannotatedThenClassDecides() throws Exception {
    assertThat(of(Annotated.class, "inherits")).get().extracting(Requirement::anyRoles).isEqualTo(List.of(Set.of("admin")));
  }

  @Test
  void ofWhenMethodPermitAllThenDecidesAloneAndOtherKindsCombineWithClass() throws Exception {
    assertThat(of(Annotated.class, "open")).get().satisfies(r -> assertThat(r.isPermitAll()).isTrue());
    assertThat(of(Annotated.class, "scoped")).get().satisfies(r -> {
      assertThat(r.allScopes()).containsExactly("orders:write");
      assertThat(r.anyRoles()).isEqualTo(List.of(Set.of("admin")));
    });
    assertThat(of(Annotated.class, "otherRole")).get().extracting(Requirement::anyRoles)
        .as("the same kind on the method replaces the class's").isEqualTo(List.of(Set.of("clerk")));
  }

  interface Api {
    @RolesAllowed("admin")
    void iface();

    void plain();
  }

  @RolesAllowed("auditor")
  abstract static class Base implements Api {
    public void inherited() {}

    @RequiresScope("base")
    public void overridden() {}
  }

  static class Impl extends Base {
    @Override
    public void iface() {}

    @Override
    public void plain() {}

    @Override
    public void overridden() {}

    public void own() {}
  }

  @PermitAll
  static class Open {
    @RolesAllowed("**")
    public void anyAuthenticated() {}

    @RolesAllowed("*")
    public void star() {}
  }

  @Test
  void ofWhenAnnotationOnInterfaceOrSuperclassMethodThenInherited() throws Exception {
    assertThat(of(Impl.class, "iface")).get().extracting(Requirement::anyRoles).isEqualTo(List.of(Set.of("admin")));
    assertThat(of(Impl.class, "overridden")).get().satisfies(r -> {
      assertThat(r.allScopes()).containsExactly("base");
      assertThat(r.anyRoles()).isEqualTo(List.of(Set.of("auditor")));
    });
  }

  @Test
  void ofWhenSuperclassDeclaresMethodThenItsClassLevelApplies() throws Exception {
    assertThat(of(Impl.class, "inherited")).get().extracting(Requirement::anyRoles).isEqualTo(List.of(Set.of("auditor")));
    assertThat(of(Impl.class, "plain")).as("Impl declares plain(): Base's class level does not cover it").isEmpty();
    assertThat(of(Impl.class, "own")).isEmpty();
  }

  @Test
  void ofWhenRolesAllowedDoubleStarThenAnyAuthenticatedCaller() throws Exception {
    assertThat(of(Open.class, "anyAuthenticated")).get().satisfies(r -> {
      assertThat(r.isPermitAll()).isFalse();
      assertThat(r.isDenyAll()).isFalse();
      assertThat(r.anyRoles()).isEmpty();
    });
    assertThat(of(Open.class, "star")).get().extracting(Requirement::anyRoles).isEqualTo(List.of(Set.of("*")));
  }

  @Test
  void ofWhenSeveralOnOneMethodThenAllMustHold() throws Exception {
    assertThat(of(Annotated.class, "combined")).get().satisfies(r -> {
      assertThat(r.anyRoles()).isEqualTo(List.of(Set.of("clerk")));
      assertThat(r.allScopes()).containsExactly("a", "b");
      assertThat(r.anyScopes()).isEqualTo(List.of(Set.of("c", "d")));
    });
  }

  @Test
  void ofWhenDenyAllWithPermitAllThenDenyAllWins() throws Exception {
    assertThat(of(Annotated.class, "contradictory")).get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
  }

  @Test
  void ofWhenValueUnusableThenDeniesEveryone() throws Exception {
    assertThat(of(Annotated.class, "noRole")).get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
    assertThat(of(Annotated.class, "blankScope")).get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
  }

  @Test
  void ofWhenNothingDeclaredThenEmpty() throws Exception {
    assertThat(of(Plain.class, "none")).isEmpty();
  }
}
