package dev.authkit.jdbc;

import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/** JDBC helpers shared by this package. */
final class Jdbc {

  private Jdbc() {}

  static VerificationUnavailableException unavailable(String what, SQLException e) {
    // SQLState and vendor code only: a driver's message may quote parameter values.
    return new VerificationUnavailableException(Reason.STORE_UNAVAILABLE,
        what + " failed: SQLState " + e.getSQLState() + ", error code " + e.getErrorCode());
  }

  static boolean isDuplicateKey(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
  }

  static void setInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  static @Nullable Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
