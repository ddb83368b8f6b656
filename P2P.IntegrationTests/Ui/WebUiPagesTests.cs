using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using P2P.Peer.Ui;

namespace P2P.Tests.Integration.Ui;

/// <summary>Issue 29: the login link, the Files page's upload/open/remove, the Network page and keyboard use, on the shared app.</summary>
[Collection(SharedNetwork.Name)]
public sealed class WebUiPagesTests(AppHostFixture network, Browser browser) : IClassFixture<Browser>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private string Peer1 => UiSignIn.Peer1(network);

    [Fact]
    public async Task Issue29_the_one_time_login_link_signs_in_once_and_only_once()
    {
        var link = WebUiLink("peer1");
        await using (var first = await browser.Chromium.NewContextAsync())
        {
            var page = await first.NewPageAsync();
            await page.GotoAsync(link);
            await page.WaitForURLAsync(Peer1 + UiRoutes.Home);
            Assert.Equal((int)HttpStatusCode.OK, (await first.APIRequest.GetAsync(Peer1 + UiRoutes.Session)).Status);
        }
        await using var second = await browser.Chromium.NewContextAsync();
        var again = await second.NewPageAsync();
        var answer = await again.GotoAsync(link);

        Assert.Equal((int)HttpStatusCode.Unauthorized, answer!.Status);
        await Assertions.Expect(again.GetByRole(AriaRole.Alert)).ToHaveTextAsync(UiLogin.LinkUsed);
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await second.APIRequest.GetAsync(Peer1 + UiRoutes.Session)).Status);
    }

    [Fact]
    public async Task Issue29_a_file_added_from_the_computer_is_shared_opened_and_removed_after_confirmation()
    {
        var name = $"ui-upload-{Guid.NewGuid():N}.txt";
        var content = Encoding.UTF8.GetBytes("shared from the browser, then removed again");
        var stored = Path.Combine(network.SharedDir("peer1"), name);
        try
        {
            await using var context = await browser.Chromium.NewContextAsync();
            var page = await context.SignInAsync(network);

            await page.GetByLabel("Add a file from this computer")
                .SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = content });
            await page.GetByRole(AriaRole.Button, new() { Name = "Share it" }).ClickAsync();
            var row = page.Locator("#files-list tr", new() { HasText = name });
            await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Within.TotalMilliseconds });
            await Assertions.Expect(row).ToContainTextAsync(Convert.ToHexStringLower(SHA256.HashData(content)));
            await Assertions.Expect(row.Locator("td").Nth(2)).Not.ToHaveTextAsync("unknown");
            Assert.Equal(content, await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken));

            var opened = await context.APIRequest.GetAsync(Peer1 + UiRoutes.Files + "/" + name);
            Assert.Equal(content, await opened.BodyAsync());

            var declined = false;
            page.Dialog += async (_, dialog) =>
            {
                if (!declined)
                {
                    declined = true;
                    await dialog.DismissAsync();
                    return;
                }
                await dialog.AcceptAsync();
            };
            await row.GetByRole(AriaRole.Button, new() { Name = "Remove " + name }).ClickAsync();
            Assert.True(File.Exists(stored), "A dismissed confirmation removed the file.");
            await row.GetByRole(AriaRole.Button, new() { Name = "Remove " + name }).ClickAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = (float)Within.TotalMilliseconds });
            Assert.False(File.Exists(stored));
        }
        finally
        {
            File.Delete(stored);
        }
    }

    [Fact]
    public async Task Issue29_uploads_get_the_upload_rpcs_checks_and_removal_stays_in_the_shared_folder()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.SignInAsync(network);
        var token = await page.EvaluateAsync<string>("() => fetch('/ui/api/session').then(r => r.json()).then(s => s.antiforgery_token)");
        var headers = new Dictionary<string, string> { [WebUiSetup.AntiforgeryHeader] = token };
        var name = $"ui-lie-{Guid.NewGuid():N}.txt";
        var wrongSha = new string('0', 64);

        var forged = await context.APIRequest.PutAsync($"{Peer1}{UiRoutes.Files}/{name}?sha256={wrongSha}", new() { DataString = "x" });
        var lying = await context.APIRequest.PutAsync(
            $"{Peer1}{UiRoutes.Files}/{name}?sha256={wrongSha}", new() { DataString = "not zeros", Headers = headers });
        var noHash = await context.APIRequest.PutAsync($"{Peer1}{UiRoutes.Files}/{name}", new() { DataString = "x", Headers = headers });
        var hidden = await context.APIRequest.DeleteAsync($"{Peer1}{UiRoutes.Files}/.p2p", new() { Headers = headers });
        var missing = await context.APIRequest.DeleteAsync($"{Peer1}{UiRoutes.Files}/{name}", new() { Headers = headers });

        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal((int)HttpStatusCode.BadRequest, lying.Status);
        Assert.Contains("nothing was stored", await lying.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", lying.Headers["content-type"]);
        Assert.Equal((int)HttpStatusCode.BadRequest, noHash.Status);
        Assert.Equal((int)HttpStatusCode.BadRequest, hidden.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, missing.Status);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer1"), name)));
        Assert.True(Directory.Exists(Path.Combine(network.SharedDir("peer1"), ".p2p")));
    }

    [Fact]
    public async Task Issue29_the_network_page_lists_the_maestros_live_peers_and_which_friends_answer()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.SignInAsync(network);

        await page.GetByRole(AriaRole.Link, new() { Name = "Network" }).ClickAsync();

        foreach (var peer in new[] { "P1", "P2", "P3" })
        {
            await Assertions.Expect(page.Locator("#network-peers")).ToContainTextAsync(peer, new() { Timeout = (float)Within.TotalMilliseconds });
        }
        await Assertions.Expect(page.Locator("#network-friends .friend .ok")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#network-info")).ToContainTextAsync("Fingerprint");
    }

    [Fact]
    public async Task Issue29_by_keyboard_alone_tab_reaches_the_search_box_enter_searches_and_a_download_starts()
    {
        var name = $"ui-keyboard-{Guid.NewGuid():N}.txt";
        var source = network.Write("peer3", name, "fetched without a mouse");
        try
        {
            await network.WaitUntilLocatableAsync(name, ["P3"]);
            await using var context = await browser.Chromium.NewContextAsync();
            var page = await context.SignInAsync(network);
            await page.GotoAsync(Peer1 + UiRoutes.Home + "#find");

            await TabUntilAsync(page, "document.activeElement.id === 'find-name'");
            await page.Keyboard.TypeAsync(name);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#find-result")).ToContainTextAsync("P3");
            await TabUntilAsync(page, "document.activeElement.textContent.startsWith('Download ')");
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.Locator("#downloads-list li[data-state=completed]", new() { HasText = name })).ToBeVisibleAsync(
                new() { Timeout = (float)Within.TotalMilliseconds });
        }
        finally
        {
            File.Delete(source);
            File.Delete(Path.Combine(network.SharedDir("peer1"), name));
        }
    }

    // Tab, at most a screenful of controls, until the condition holds for the focused element.
    private static async Task TabUntilAsync(IPage page, string condition)
    {
        for (var presses = 0; presses < 30; presses++)
        {
            if (await page.EvaluateAsync<bool>("() => " + condition))
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached an element where {condition}.");
    }

    private string WebUiLink(string peer)
    {
        Assert.True(network.App.ResourceNotifications.TryGetCurrentState(peer, out var state), $"{peer} has no state");
        return Assert.Single(state.Snapshot.Urls, u => u.Url.Contains("/ui/login/", StringComparison.Ordinal)).Url;
    }
}
