package dev.authkit.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.access.Requirement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which locator led to a sub-resource, without a runtime (the suites prove the same over HTTP on both runtimes). */
class LocatorRequirementsTest {

  private final LocatorRequirements locators = new LocatorRequirements();
  private final TestResources.Locators root = new TestResources.Locators();

  @Test
  void requirementForWhenLiteralPathIdentifiesLocatorThenItsRequirement() {
    assertThat(locators.requirementFor(List.of(new TestResources.Items(), root), "/loc/items"))
        .get().extracting(Requirement::anyRoles).as("the locator's class level").isEqualTo(List.of(Set.of("clerk")));
    assertThat(locators.requirementFor(List.of(new TestResources.Items(), root), "/loc/pub/secret"))
        .get().satisfies(r -> assertThat(r.isPermitAll()).isTrue());
    assertThat(locators.requirementFor(List.of(new TestResources.Items(), root), "/loc/deny"))
        .get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
  }

  @Test
  void requirementForWhenTemplateLocatorCannotBeRuledOutThenAllCandidatesHold() {
    assertThat(locators.requirementFor(List.of(new TestResources.Plain(), root), "/loc/adm"))
        .get().extracting(Requirement::anyRoles).isEqualTo(List.of(Set.of("admin")));
    assertThat(locators.requirementFor(List.of(new TestResources.Plain(), root), "/loc/42"))
        .get().satisfies(r -> assertThat(r.isPermitAll()).isTrue());
  }

  @Test
  void requirementForWhenNoLocatorCanExplainTheStepThenDenyAll() {
    assertThat(locators.requirementFor(List.of(new TestResources.Items(), root), "/loc/elsewhere"))
        .get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
  }

  @Test
  void requirementForWhenNoLocatorUsedThenEmpty() {
    assertThat(locators.requirementFor(List.of(root), "/loc")).isEmpty();
  }
}
