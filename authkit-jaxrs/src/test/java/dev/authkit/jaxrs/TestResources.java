package dev.authkit.jaxrs;

import dev.authkit.AuthPrincipal;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/**
 * The application under test. {@link Health}, {@link Orders}, {@link Admin} and {@link Other}
 * express {@code AdapterScenarios.rules()} with annotations; the rest exercise each annotation
 * combination. Every method answers what the JAX-RS API says about the caller.
 */
final class TestResources {

  private TestResources() {}

  /** The application: these resources plus the given singletons (the feature). */
  static Application application(Object... singletons) {
    return new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return Set.of(Health.class, Orders.class, Admin.class, Other.class, Me.class, Mixed.class, Scopes.class,
            Denied.class, Roles.class, EchoHeader.class, Impl.class, Sub.class, Locators.class, AnyAuthenticated.class);
      }

      @Override
      @SuppressWarnings("deprecation") // the one registration both runtimes take from an Application
      public Set<Object> getSingletons() {
        return Set.of(singletons);
      }
    };
  }

  static String describe(SecurityContext security) {
    AuthPrincipal principal = AuthKitFeature.principal(security).orElse(null);
    return "subject=" + (principal == null ? null : principal.subject())
        + ";authType=" + security.getAuthenticationScheme()
        + ";principal=" + (security.getUserPrincipal() instanceof AuthPrincipal)
        + ";admin=" + security.isUserInRole("admin")
        + ";secure=" + security.isSecure();
  }

  /** As {@code permitAll("/health")}. */
  @Path("/health")
  @PermitAll
  public static class Health {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** As the two {@code /v1/orders} rules. */
  @Path("/v1/orders")
  public static class Orders {
    @GET
    @RequiresScope("read")
    @Produces(MediaType.TEXT_PLAIN)
    public String list(@Context SecurityContext security) {
      return describe(security);
    }

    @POST
    @RequiresScope("orders:write")
    @Produces(MediaType.TEXT_PLAIN)
    public String create(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** As {@code GET /v1/admin/stats} needing role {@code admin}. */
  @Path("/v1/admin")
  public static class Admin {
    @GET
    @Path("/stats")
    @RolesAllowed("admin")
    @Produces(MediaType.TEXT_PLAIN)
    public String stats(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Nothing declared: an authenticated caller. */
  @Path("/v1/other")
  public static class Other {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Principal injection: the SecurityContext of an open resource (anonymous or not). */
  @Path("/me")
  public static class Me {
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Class-level {@code @RolesAllowed("admin")}; methods that override it. */
  @Path("/mixed")
  @RolesAllowed("admin")
  public static class Mixed {
    @GET
    @Path("/class")
    public String byClass() {
      return "class";
    }

    @GET
    @Path("/open")
    @PermitAll
    public String open() {
      return "open";
    }

    @GET
    @Path("/deny")
    @DenyAll
    public String deny() {
      return "deny";
    }

    @GET
    @Path("/scoped")
    @RequiresScope("orders:write")
    public String scoped() {
      return "scoped";
    }
  }

  /** No class annotation: scopes, combinations, and an unannotated method. */
  @Path("/scopes")
  public static class Scopes {
    @GET
    @Path("/all")
    @RequiresScope({"read", "orders:write"})
    public String all() {
      return "all";
    }

    @GET
    @Path("/any")
    @RequiresAnyScope({"orders:write", "read"})
    public String any() {
      return "any";
    }

    @GET
    @Path("/role-and-scope")
    @RolesAllowed("admin")
    @RequiresScope("orders:write")
    public String roleAndScope() {
      return "role-and-scope";
    }

    @GET
    @Path("/none")
    public String none() {
      return "none";
    }
  }

  /** Class-level {@code @DenyAll} with one open method. */
  @Path("/denied")
  @DenyAll
  public static class Denied {
    @GET
    public String get() {
      return "denied";
    }

    @GET
    @Path("/open")
    @PermitAll
    public String open() {
      return "open";
    }
  }

  /** Any of two roles. */
  @Path("/roles")
  @RolesAllowed({"admin", "auditor"})
  public static class Roles {
    @GET
    public String get() {
      return "roles";
    }
  }

  /** Shows the {@code X-Probe} header as the application receives it, tabs made visible. */
  @Path("/echo-header")
  @PermitAll
  public static class EchoHeader {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context HttpHeaders headers) {
      return String.valueOf(headers.getRequestHeader("X-Probe")).replace("\t", "<TAB>");
    }
  }

  /** Security annotations only on the interface method (Jakarta REST §3.6 inheritance). */
  public interface Api {
    @GET
    @Path("/iface")
    @RolesAllowed("admin")
    String iface();
  }

  /** Implements {@link Api} without annotations of its own: the interface's {@code @RolesAllowed} applies. */
  @Path("/impl")
  public static class Impl implements Api {
    @Override
    public String iface() {
      return "iface";
    }
  }

  /** A class-level annotation on a superclass covers the methods it declares. */
  @RolesAllowed("admin")
  public abstract static class Base {
    @GET
    @Path("/inh")
    public String inh() {
      return "inh";
    }
  }

  /** Inherits {@link Base#inh()}: needs admin. */
  @Path("/sub")
  public static class Sub extends Base {}

  /** Sub-resource locators: each locator's annotations (and this class's) guard what it returns. */
  @Path("/loc")
  @RolesAllowed("clerk")
  public static class Locators {
    /** No annotation of its own: the class's clerk role. */
    @Path("/items")
    public Items items() {
      return new Items();
    }

    @Path("/pub")
    @PermitAll
    public Items pub() {
      return new Items();
    }

    @Path("/deny")
    @DenyAll
    public Items deny() {
      return new Items();
    }

    @Path("/adm")
    @RolesAllowed("admin")
    public Plain adm() {
      return new Plain();
    }

    /** A template path: cannot be ruled out for {@code /loc/adm}, so there both locators' requirements hold. */
    @Path("/{id}")
    @PermitAll
    public Plain byId(@PathParam("id") String id) {
      return new Plain();
    }
  }

  /** Returned by locators. */
  public static class Items {
    @GET
    public String list() {
      return "items";
    }

    @GET
    @Path("/secret")
    @RolesAllowed("admin")
    public String secret() {
      return "items-secret";
    }
  }

  /** Returned by locators; no annotations. */
  public static class Plain {
    @GET
    public String get() {
      return "plain";
    }
  }

  /** {@code @RolesAllowed("**")}: any authenticated caller. */
  @Path("/any-authenticated")
  public static class AnyAuthenticated {
    @GET
    @RolesAllowed("**")
    public String get() {
      return "any";
    }
  }
}
