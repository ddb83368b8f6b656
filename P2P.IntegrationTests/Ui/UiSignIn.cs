using Microsoft.Playwright;
using P2P.Peer.Ui;

namespace P2P.Tests.Integration.Ui;

/// <summary>Signing a browser context in to a peer's web UI with the control token, as a person types it.</summary>
public static class UiSignIn
{
    public static string Peer1(AppHostFixture network) => network.Endpoint("peer1", "http").GetLeftPart(UriPartial.Authority);

    public static async Task<IPage> SignInAsync(this IBrowserContext context, AppHostFixture network)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(Peer1(network) + UiRoutes.Login);
        await page.GetByLabel("Control token").FillAsync(network.ControlToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(Peer1(network) + UiRoutes.Home);
        return page;
    }
}
