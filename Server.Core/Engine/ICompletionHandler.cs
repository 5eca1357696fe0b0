namespace IocpAdmin.Server.Engine;

/// <summary>What a worker hands each packet to: the engine, which routes it by key.</summary>
public interface ICompletionHandler
{
    void OnCompletion(in CompletionPacket packet, Worker worker);
}
