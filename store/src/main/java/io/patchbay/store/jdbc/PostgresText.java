package io.patchbay.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * A PostgreSQL connection whose prepared statements bind every string with U+0000 replaced by
 * U+FFFD, the replacement character.
 *
 * <p>Why: PostgreSQL text cannot hold U+0000 and fails the whole statement ({@code invalid byte
 * sequence for encoding "UTF8": 0x00}), where SQLite takes it. Request input reaches the store
 * as it came (a path segment {@code %00}, a Basic key, a JSON string), so on PostgreSQL such a
 * lookup answered 500 where SQLite answered not found. With the replacement, a lookup by such
 * a key finds nothing, as on SQLite: the keys the store is asked for are ids Patchbay makes and
 * numbers it validates, none of which holds U+FFFD. A value the API stores as sent (a contact
 * name) keeps U+FFFD where the request had U+0000.
 *
 * <p><b>Note:</b> only {@code setString} is rewritten, the one way the store binds text; every
 * other method goes to the connection or statement as it is.
 */
final class PostgresText implements InvocationHandler {
  private final Object target;

  private PostgresText(Object target) {
    this.target = target;
  }

  /** {@code real}, binding strings without U+0000; closing it closes {@code real}. */
  static Connection wrap(Connection real) {
    return (Connection) Proxy.newProxyInstance(PostgresText.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new PostgresText(real));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("setString") && method.getParameterCount() == 2
        && args[1] instanceof String s && s.indexOf('\u0000') >= 0) {
      args[1] = s.replace('\u0000', '\uFFFD');
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
      return Proxy.newProxyInstance(PostgresText.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, new PostgresText(ps));
    }
    return result;
  }
}
