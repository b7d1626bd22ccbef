package dev.authkit.samples.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory orders, partitioned by tenant: every read and write names the caller's tenant, so a
 * caller can only ever see or add its own tenant's orders. Thread-safe.
 */
public final class OrderStore {

  private final Map<String, List<Order>> byTenant = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1001);

  /** Returns a store with a few orders for tenants {@code tenant-a} and {@code tenant-b}. */
  public static OrderStore withDemoOrders() {
    OrderStore store = new OrderStore();
    store.create("tenant-a", "espresso beans, 1 kg", 2, "seed");
    store.create("tenant-a", "oat milk, 1 l", 6, "seed");
    store.create("tenant-b", "green tea, 250 g", 1, "seed");
    return store;
  }

  /** Returns the tenant's orders, oldest first; empty for an unknown tenant. */
  public List<Order> list(String tenant) {
    return List.copyOf(byTenant.getOrDefault(tenant, List.of()));
  }

  /**
   * Adds an order for the tenant.
   *
   * @param tenant the caller's tenant
   * @param item what to order; not blank
   * @param quantity 1 to 1000
   * @param createdBy the caller's subject
   * @return the new order
   * @throws IllegalArgumentException when item or quantity are out of range
   */
  public Order create(String tenant, String item, int quantity, String createdBy) {
    if (item.isBlank() || item.length() > 200) {
      throw new IllegalArgumentException("item must be 1 to 200 characters");
    }
    if (quantity < 1 || quantity > 1000) {
      throw new IllegalArgumentException("quantity must be 1 to 1000");
    }
    Order order = new Order("ord-" + nextId.getAndIncrement(), tenant, item, quantity, createdBy);
    byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(order);
    return order;
  }

  /** Returns the number of orders per tenant, sorted by tenant (for the admin statistics). */
  public Map<String, Integer> countsByTenant() {
    Map<String, Integer> counts = new TreeMap<>();
    byTenant.forEach((tenant, orders) -> counts.put(tenant, orders.size()));
    return counts;
  }

  /** Returns every order id, for tests that check nothing leaks across tenants. */
  List<String> allIds() {
    List<String> ids = new ArrayList<>();
    byTenant.values().forEach(orders -> orders.forEach(o -> ids.add(o.id())));
    return ids;
  }
}
