package io.patchbay.store;

/**
 * The persistence port: everything Patchbay keeps. Implementations are thread-safe, and every
 * method either completes or throws {@link StoreException}, leaving the data as it was.
 */
public interface Store extends AccountStore, DirectoryStore, CallStore, CallbackStore,
    FlowStore, NodeStore, AutoCloseable {
  /** A short name for logs: the dialect and where the data lives. */
  String describe();

  @Override
  void close();
}
