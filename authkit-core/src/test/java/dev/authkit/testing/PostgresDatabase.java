package dev.authkit.testing;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link DataSource} parameter to a new, empty database (with authkit's tables) in the
 * one embedded PostgreSQL server shared by the test JVM ({@link Databases#postgres}).
 */
public final class PostgresDatabase implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DataSource.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return Databases.postgres(context);
  }
}
