namespace IocpAdmin.Server.Storage;

/// <summary>
/// Told when the store has run a batch. Called on the store's writer thread after the commit (or
/// its failure), so it must only hand the news on (post it to a port, set an event), never work.
/// </summary>
internal interface IStoreCompletionSink
{
    void OnStoreCompleted(StoreBatch batch);
}
