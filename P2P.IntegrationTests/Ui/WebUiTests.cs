using System.Net;
using Microsoft.Playwright;
using P2P.Peer.Ui;

namespace P2P.Tests.Integration.Ui;

/// <summary>Issue 29: the peer's web UI in a real browser, on the shared app (its own unique files, removed again).</summary>
[Collection(SharedNetwork.Name)]
public sealed class WebUiTests(AppHostFixture network, Browser browser) : IClassFixture<Browser>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    /// <summary>
    /// WCAG 2's contrast check as axe makes it: every visible element with its own text, against the first opaque
    /// background behind it, at 4.5:1 (3:1 for large text); the offenders, described.
    /// </summary>
    private const string LowContrastText = """
        () => {
          const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = (e) => {
            for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c; }
            return [255, 255, 255];
          };
          return [...document.querySelectorAll('body *')].filter((e) => e.checkVisibility()
              && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
            .map((e) => {
              const style = getComputedStyle(e);
              const [a, b] = [lum(rgb(style.color)), lum(background(e))];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
              return ratio < (large ? 3 : 4.5) ? e.tagName + ' "' + e.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2) : null;
            }).filter(Boolean);
        }
        """;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    private string Peer1 => UiSignIn.Peer1(network);

    [Fact]
    public async Task Issue29_sign_in_is_refused_without_the_token_and_with_a_wrong_one()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(Peer1 + UiRoutes.Home);
        Assert.EndsWith(UiRoutes.Login, page.Url, StringComparison.Ordinal);
        var session = await context.APIRequest.GetAsync(Peer1 + UiRoutes.Session);
        Assert.Equal((int)HttpStatusCode.Unauthorized, session.Status);

        await page.GetByLabel("Control token").FillAsync("not-the-control-token-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(UiLogin.WrongToken);
        Assert.EndsWith(UiRoutes.Login, page.Url, StringComparison.Ordinal);
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync(Peer1 + UiRoutes.Session)).Status);
    }

    [Fact]
    public async Task Issue29_the_files_page_lists_the_samples_and_every_control_has_a_label_and_contrast_at_375_px()
    {
        await using var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 800 } });
        var page = await SignInAsync(context);

        await Assertions.Expect(page.Locator("#files-list")).ToContainTextAsync(SampleFiles.OnlyP1);
        await Assertions.Expect(page.Locator("#files-list")).ToContainTextAsync(SampleFiles.Shared);
        foreach (var section in new[] { "files", "find", "downloads", "network" })
        {
            await page.GotoAsync($"{Peer1}{UiRoutes.Home}#{section}");
            var unlabelled = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, progress')]"
                + ".filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim())).map(e => e.outerHTML)");
            Assert.Empty(unlabelled);
            Assert.Empty(await page.EvaluateAsync<string[]>(LowContrastText));
        }
        var scrollsSideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > innerWidth");
        Assert.False(scrollsSideways, "At 375 px wide the page scrolls sideways.");
    }

    [Fact]
    public async Task Issue29_a_file_only_peer3_holds_is_found_and_downloaded_from_the_page_verified()
    {
        var name = $"ui-only-p3-{Guid.NewGuid():N}.txt";
        var source = network.Write("peer3", name, "held by the third peer alone, fetched from the browser");
        try
        {
            using var peer1 = network.Client("peer1");
            await Eventually.ReturnsAsync(ct => peer1.GetAsync($"/locate?file={name}&mode=maestro", ct), r => r.IsSuccessStatusCode, Within,
                $"the Maestro to list {name}");
            await using var context = await browser.Chromium.NewContextAsync();
            var page = await SignInAsync(context);

            await page.GetByRole(AriaRole.Link, new() { Name = "Find" }).ClickAsync();
            await page.GetByLabel("File name").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#find-result")).ToContainTextAsync("P3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Download " + name }).ClickAsync();

            var card = page.Locator($"#downloads-list li[data-state=completed]", new() { HasText = name });
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = (float)Within.TotalMilliseconds });
            await Assertions.Expect(card).ToContainTextAsync("Verified");
            await Assertions.Expect(card.Locator("progress")).ToHaveAttributeAsync("value", "100");
            await Assertions.Expect(card).ToContainTextAsync("complete holder");
        }
        finally
        {
            File.Delete(source);
            File.Delete(Path.Combine(network.SharedDir("peer1"), name));
        }
    }

    [Fact]
    public async Task Issue29_a_bad_name_gets_a_message_not_a_blank_page()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await SignInAsync(context);

        await page.GotoAsync(Peer1 + UiRoutes.Home + "#find");
        await page.GetByLabel("File name").FillAsync("../etc/passwd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#find-result").GetByRole(AriaRole.Alert)).ToContainTextAsync("file");
    }

    [Fact]
    public async Task Issue29_a_state_changing_call_without_the_antiforgery_token_is_refused()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        await SignInAsync(context);

        var signedIn = await context.APIRequest.GetAsync(Peer1 + UiRoutes.Session);
        Assert.Equal((int)HttpStatusCode.OK, signedIn.Status);
        var forged = await context.APIRequest.PostAsync(Peer1 + UiRoutes.Downloads, new() { DataObject = new { file = SampleFiles.OnlyP3 } });
        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains(UiApi.AntiforgeryDetail, await forged.TextAsync(), StringComparison.Ordinal);
        var pause = await context.APIRequest.PostAsync(Peer1 + UiRoutes.Heartbeats + "/pause");
        Assert.Equal((int)HttpStatusCode.BadRequest, pause.Status);
    }

    [Fact]
    public async Task Issue29_the_ui_is_not_served_on_the_tls_port()
    {
        using var member = network.MemberClient("peer1");

        foreach (var path in new[] { UiRoutes.Home, UiRoutes.Login, "/ui/assets/app.js" })
        {
            using var response = await member.GetAsync(path, _token);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        // Without the cookie the API's authorization answers first; with it, the plain-port filter does (404).
        using var api = await member.GetAsync(UiRoutes.Session, _token);
        Assert.Contains(api.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
        using var plain = network.Client("peer1");
        using var login = await plain.GetAsync(UiRoutes.Login, _token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    private Task<IPage> SignInAsync(IBrowserContext context) => context.SignInAsync(network);
}
