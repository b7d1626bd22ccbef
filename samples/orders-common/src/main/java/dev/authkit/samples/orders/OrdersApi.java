package dev.authkit.samples.orders;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthPrincipal;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders API without any web framework: each sample's servlet or resource calls it with the
 * caller authkit verified and writes back the {@link Reply}. Authentication and scope/role checks
 * happened before (filter rules or annotations); this class applies the one rule only the
 * application knows: a caller sees and adds orders of its own tenant only. Thread-safe.
 */
public final class OrdersApi {

  private final OrderStore store;

  /**
   * Creates the API over a store.
   *
   * @param store the orders
   */
  public OrdersApi(OrderStore store) {
    this.store = store;
  }

  /** {@code GET /v1/orders}: the caller's tenant's orders. */
  public Reply list(AuthPrincipal caller) {
    Optional<String> tenant = caller.tenant();
    if (tenant.isEmpty()) {
      return noTenant();
    }
    List<Map<String, Object>> orders = store.list(tenant.get()).stream().map(Order::toJson).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", tenant.get());
    body.put("orders", orders);
    return Reply.json(200, body);
  }

  /** {@code POST /v1/orders} with {@code {"item": "...", "quantity": n}}: adds an order for the caller's tenant. */
  public Reply create(AuthPrincipal caller, String requestBody) {
    Optional<String> tenant = caller.tenant();
    if (tenant.isEmpty()) {
      return noTenant();
    }
    try {
      Map<String, Object> json = JSONObjectUtils.parse(requestBody);
      if (json == null) {
        return Reply.problem(400, "Bad order", "give {\"item\": \"...\", \"quantity\": n}");
      }
      String item = JSONObjectUtils.getString(json, "item");
      Object quantityValue = json.get("quantity");
      Number quantity = quantityValue instanceof Long || quantityValue instanceof Integer ? (Number) quantityValue : null;
      if (item == null || quantity == null) {
        return Reply.problem(400, "Bad order", "give {\"item\": \"...\", \"quantity\": n}");
      }
      Order order = store.create(tenant.get(), item, quantity.intValue(), caller.subject());
      return Reply.json(201, order.toJson());
    } catch (IllegalArgumentException e) {
      return Reply.problem(400, "Bad order", e.getMessage());
    } catch (ParseException | RuntimeException e) {
      return Reply.problem(400, "Bad order", "give {\"item\": \"...\", \"quantity\": n}");
    }
  }

  /** {@code GET /v1/admin/stats}: order counts for every tenant (role admin). */
  public Reply adminStats(AuthPrincipal caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ordersByTenant", store.countsByTenant());
    body.put("requestedBy", caller.subject());
    return Reply.json(200, body);
  }

  /** {@code GET /health}: open to everyone. */
  public Reply health() {
    return Reply.json(200, Map.of("status", "UP"));
  }

  private static Reply noTenant() {
    return Reply.problem(403, "No tenant", "the credential names no tenant (claim tid), so it can see no orders");
  }

  /**
   * An HTTP answer.
   *
   * @param status the status code
   * @param contentType the media type of the body
   * @param body the body
   */
  public record Reply(int status, String contentType, String body) {

    static Reply json(int status, Map<String, ?> body) {
      return new Reply(status, "application/json", JSONObjectUtils.toJSONString(body));
    }

    static Reply problem(int status, String title, String detail) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "about:blank");
      body.put("title", title);
      body.put("status", status);
      body.put("detail", detail);
      return new Reply(status, "application/problem+json", JSONObjectUtils.toJSONString(body));
    }
  }
}
