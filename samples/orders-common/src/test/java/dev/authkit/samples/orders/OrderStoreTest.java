package dev.authkit.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderStoreTest {

  @Test
  void listWhenOrdersOfTwoTenantsThenEachSeesItsOwnOnly() {
    OrderStore store = OrderStore.withDemoOrders();
    Order added = store.create("tenant-b", "mugs", 3, "bob");

    assertThat(store.list("tenant-b")).contains(added).allMatch(o -> o.tenant().equals("tenant-b"));
    assertThat(store.list("tenant-a")).isNotEmpty().allMatch(o -> o.tenant().equals("tenant-a"))
        .doesNotContain(added);
    assertThat(store.list("tenant-z")).isEmpty();
    assertThat(store.allIds()).hasSize(store.list("tenant-a").size() + store.list("tenant-b").size());
  }

  @Test
  void createWhenQuantityOutOfRangeThenRefused() {
    OrderStore store = new OrderStore();
    assertThat(store.create("t", "cups", 1000, "alice").quantity()).isEqualTo(1000);
    assertThatThrownBy(() -> store.create("t", "cups", 0, "alice")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.create("t", " ", 1, "alice")).isInstanceOf(IllegalArgumentException.class);
  }
}
