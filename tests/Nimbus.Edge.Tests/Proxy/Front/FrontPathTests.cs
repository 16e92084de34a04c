using Nimbus.Edge.Tests.Proxy.Upstream;

namespace Nimbus.Edge.Tests.Proxy.Front;

/// <summary>The forwarding tests again, through the front (the plain port's transport): the same behaviour is expected
/// of both paths, byte for byte where the tests look.</summary>
public sealed class FrontForwardingTests() : Http1ForwarderTests(front: true);

public sealed class FrontFailureTests() : Http1ForwarderFailureTests(front: true);

public sealed class FrontRequestHandlingTests() : EdgeRequestHandlerTests(front: true);
