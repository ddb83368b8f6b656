#:package Microsoft.Playwright
#:project ../P2P.Contracts/P2P.Contracts.csproj
#:property PublishAot=false

// Takes docs/images/ui-{files,find,downloads,network}.png from the running app's peer1, with Debian's chromium (the
// browser the UI tests drive). The control token and the Maestro come from the AppHost's run file, never the command
// line; the Maestro's directory gives peer1's address. Run by docs/screenshots.sh.
using System.Net.Http.Json;
using Microsoft.Playwright;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;

var output = args.Length > 0 ? args[0] : Path.Combine("docs", "images");
var runFile = LocalRun.PathIn(LocalRun.StateFolder(Environment.GetEnvironmentVariable));
var run = LocalRun.Parse(File.ReadAllBytes(runFile)).Run ?? throw new InvalidOperationException($"{runFile} is not an AppHost's run file.");

using var http = new HttpClient { BaseAddress = new Uri(run.MaestroUrl), Timeout = TimeSpan.FromSeconds(30) };
var peers = await http.GetFromJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers, SnakeCaseJson.Options) ?? [];
var peer1 = peers.FirstOrDefault(p => p.Id == "P1") ?? throw new InvalidOperationException("The Maestro does not list P1 yet.");
var ui = peer1.RestUrl.TrimEnd('/');
var wanted = args.Length > 1 ? args[1] : "archivo4.txt";

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 720 }, ColorScheme = ColorScheme.Light });
var page = await context.NewPageAsync();
await page.GotoAsync(ui + "/ui/login");
await page.GetByLabel("Control token").FillAsync(run.ControlToken);
await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
await page.WaitForURLAsync(ui + "/ui/");

async Task ShootAsync(string name)
{
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    var path = Path.Combine(output, $"ui-{name}.png");
    await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    Console.WriteLine(path);
}

await Assertions.Expect(page.Locator("#files-list tr.file").First).ToBeVisibleAsync();
await ShootAsync("files");

await page.GetByRole(AriaRole.Link, new() { Name = "Find" }).ClickAsync();
await page.GetByLabel("File name").FillAsync(wanted);
await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
var download = page.GetByRole(AriaRole.Button, new() { Name = "Download " + wanted });
await Assertions.Expect(download).ToBeVisibleAsync();
await ShootAsync("find");

await download.ClickAsync();
await Assertions.Expect(page.Locator("#downloads-list li[data-state=completed]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
await ShootAsync("downloads");

await page.GetByRole(AriaRole.Link, new() { Name = "Network" }).ClickAsync();
await Assertions.Expect(page.Locator("#network-friends .friend").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
await Assertions.Expect(page.Locator("#network-peers tr").First).ToBeVisibleAsync();
await ShootAsync("network");
