package io.patchbay.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A SQLite connection that keeps what is prepared on it: preparing the same SQL again returns
 * the statement prepared before, and closing a statement only clears its parameters, so a
 * store operation keeps its {@code try (PreparedStatement ps = c.prepareStatement(sql))} shape.
 *
 * <p>Why: sqlite-jdbc compiles the SQL on every {@code prepareStatement} and frees it on every
 * {@code close}, and a call writes some 20 statements and reads 5 more to be placed. Compiling
 * them costs more than running them.
 *
 * <p><b>Note:</b> for a connection used by one thread at a time, as {@link SqliteConnections}
 * hands them out. A statement whose SQL is prepared again before it is closed (nested use of the
 * same SQL) is a fresh one that closing really closes. Only {@code prepareStatement(String)} is
 * kept; every other method goes to the connection as it is.
 */
final class StatementCache implements InvocationHandler {
  private final Connection real;
  private final Map<String, Kept> kept = new HashMap<>();

  /** A kept statement and whether someone holds it now. */
  private static final class Kept implements InvocationHandler {
    final PreparedStatement statement;
    final PreparedStatement handed;
    boolean inUse;

    Kept(PreparedStatement statement) {
      this.statement = statement;
      this.handed = (PreparedStatement) Proxy.newProxyInstance(
          StatementCache.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      // What the store's statements call, called directly: reflection costs more than these
      // calls themselves, and they are most of what a write does in Java.
      int n = method.getParameterCount();
      switch (method.getName()) {
        case "setString" -> {
          if (n == 2 && args[1] instanceof String value) {
            statement.setString((Integer) args[0], value);
            return null;
          }
        }
        case "setLong" -> {
          if (n == 2) {
            statement.setLong((Integer) args[0], (Long) args[1]);
            return null;
          }
        }
        case "setInt" -> {
          if (n == 2) {
            statement.setInt((Integer) args[0], (Integer) args[1]);
            return null;
          }
        }
        case "executeUpdate" -> {
          if (n == 0) {
            return statement.executeUpdate();
          }
        }
        case "executeQuery" -> {
          if (n == 0) {
            return statement.executeQuery();
          }
        }
        case "close" -> {
          if (n == 0) {
            if (inUse) {
              inUse = false;
              statement.clearParameters();
            }
            return null;
          }
        }
        case "isClosed" -> {
          if (n == 0) {
            return !inUse || statement.isClosed();
          }
        }
        default -> { }
      }
      return call(statement, method, args);
    }
  }

  private StatementCache(Connection real) {
    this.real = real;
  }

  /** {@code real} with its statements kept; closing it closes them and {@code real}. */
  static Connection wrap(Connection real) {
    return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new StatementCache(real));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("prepareStatement") && method.getParameterCount() == 1
        && args[0] instanceof String sql) {
      return prepare(sql);
    }
    if (name.equals("close") && method.getParameterCount() == 0) {
      for (Kept k : kept.values()) {
        try {
          k.statement.close();
        } catch (SQLException ignored) {
          // Closing anyway: the connection's close below frees what is left.
        }
      }
      kept.clear();
      real.close();
      return null;
    }
    return call(real, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    Kept k = kept.get(sql);
    if (k == null || k.statement.isClosed()) {
      k = new Kept(real.prepareStatement(sql));
      kept.put(sql, k);
    } else if (k.inUse) {
      return real.prepareStatement(sql);
    }
    k.inUse = true;
    return k.handed;
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
