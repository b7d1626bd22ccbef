package dev.authkit.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.AuthPrincipal;
import dev.authkit.Reason;
import dev.authkit.http.RequestView;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private final Authorizer authorizer = Authorizer.instance();
  private final RequestView request = RequestView.builder("GET", "/v1/orders").build();
  /** scopes orders:read profile; roles admin; tenant t1. */
  private final AuthPrincipal caller = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
      .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).clock(MutableClock.atT0()).build()
      .authenticate(Tokens.fixtureWithClaims(c -> {
        c.put("scope", "orders:read profile");
        c.put("roles", List.of("admin"));
        c.put("tid", "t1");
      }));

  @Test
  void decideWhenPermitAllThenAllowedEvenAnonymous() {
    assertThat(authorizer.decide(Requirement.permitAll(), null, request).isAllowed()).isTrue();
  }

  @Test
  void decideWhenDenyAllThenAccessDeniedEvenForAdmin() {
    AccessDecision decision = authorizer.decide(Requirement.denyAll(), caller, request);
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason()).contains(Reason.ACCESS_DENIED);
  }

  @Test
  void decideWhenAnonymousAndAuthenticatedRequiredThenNeedsAuthentication() {
    AccessDecision decision = authorizer.decide(Requirement.authenticated(), null, request);
    assertThat(decision.needsAuthenticationFirst()).isTrue();
    assertThat(authorizer.decide(Requirement.authenticated(), caller, request).isAllowed()).isTrue();
  }

  @Test
  void decideWhenScopeMissingThenInsufficientScopeNamingWhatIsNeeded() {
    assertThat(authorizer.decide(Requirement.allScopes("orders:read"), caller, request).isAllowed()).isTrue();
    AccessDecision decision = authorizer.decide(Requirement.allScopes("orders:read", "orders:write"), caller, request);
    assertThat(decision.reason()).contains(Reason.INSUFFICIENT_SCOPE);
    assertThat(decision.requiredScopes()).containsExactly("orders:read", "orders:write");
  }

  @Test
  void decideWhenAnyScopeGroupsCombinedThenEachGroupMustHold() {
    Requirement either = Requirement.anyScope("orders:write", "profile");
    assertThat(authorizer.decide(either, caller, request).isAllowed()).isTrue();
    Requirement combined = either.and(Requirement.anyScope("orders:write", "admin:all"));
    AccessDecision decision = authorizer.decide(combined, caller, request);
    assertThat(decision.reason()).contains(Reason.INSUFFICIENT_SCOPE);
    assertThat(decision.requiredScopes()).containsExactly("orders:write", "admin:all");
  }

  @Test
  void decideWhenRoleMissingThenInsufficientRoleWithoutScopes() {
    assertThat(authorizer.decide(Requirement.anyRole("admin", "ops"), caller, request).isAllowed()).isTrue();
    AccessDecision decision = authorizer.decide(Requirement.anyRole("ops"), caller, request);
    assertThat(decision.reason()).contains(Reason.INSUFFICIENT_ROLE);
    assertThat(decision.requiredScopes()).isEmpty();
  }

  @Test
  void decideWhenPolicyFalseOrThrowsThenAccessDenied() {
    Policy sameTenant = (principal, req) -> req.path().startsWith("/tenants/" + principal.tenant().orElse("-") + "/");
    RequestView own = RequestView.builder("GET", "/tenants/t1/orders").build();
    RequestView other = RequestView.builder("GET", "/tenants/t2/orders").build();
    assertThat(authorizer.decide(Requirement.policy(sameTenant), caller, own).isAllowed()).isTrue();
    assertThat(authorizer.decide(Requirement.policy(sameTenant), caller, other).reason()).contains(Reason.ACCESS_DENIED);
    Policy broken = (principal, req) -> {
      throw new IllegalStateException("bug");
    };
    assertThat(authorizer.decide(Requirement.policy(broken), caller, own).reason()).contains(Reason.ACCESS_DENIED);
  }

  @Test
  void andWhenCombiningThenDenyAllWinsAndPermitAllAddsNothing() {
    assertThat(Requirement.allScopes("a").and(Requirement.denyAll()).isDenyAll()).isTrue();
    assertThat(Requirement.permitAll().and(Requirement.anyRole("admin")).anyRoles()).containsExactly(java.util.Set.of("admin"));
    Requirement both = Requirement.anyRole("admin").and(Requirement.allScopes("orders:read", "x"));
    assertThat(authorizer.decide(both, caller, request).reason()).contains(Reason.INSUFFICIENT_SCOPE);
  }
}
