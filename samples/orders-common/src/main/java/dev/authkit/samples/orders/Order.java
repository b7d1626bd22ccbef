package dev.authkit.samples.orders;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One order; it belongs to exactly one tenant.
 *
 * @param id unique id, e.g. {@code ord-1001}
 * @param tenant the owning tenant
 * @param item what was ordered
 * @param quantity how many, at least 1
 * @param createdBy the subject of the caller who created it
 */
public record Order(String id, String tenant, String item, int quantity, String createdBy) {

  /** Returns this order as a JSON-ready map, in a stable order. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("tenant", tenant);
    json.put("item", item);
    json.put("quantity", quantity);
    json.put("createdBy", createdBy);
    return json;
  }
}
