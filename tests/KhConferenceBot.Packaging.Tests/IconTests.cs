using System.Globalization;

namespace KhConferenceBot.Packaging.Tests;

public sealed class IconTests(AppPackageFixture package) : IClassFixture<AppPackageFixture>
{
    private static PngImage Committed(string name) => Png.Decode(File.ReadAllBytes(Repo.Path("manifest", name)));

    [Fact]
    public void ColorIcon_Pixels_Are192SquareAndOpaque()
    {
        var icon = Committed("color.png");

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        for (var i = 3; i < icon.Rgba.Length; i += 4)
        {
            Assert.Equal(255, icon.Rgba[i]);
        }
    }

    [Fact]
    public void ColorIcon_OutsideCentralSymbol_IsManifestAccentColor()
    {
        var icon = Committed("color.png");
        var accent = package.Manifest["accentColor"].Str();
        var expected = (
            byte.Parse(accent.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(accent.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(accent.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            (byte)255);
        var symbolPixels = 0;

        for (var y = 0; y < icon.Height; y++)
        {
            for (var x = 0; x < icon.Width; x++)
            {
                // Teams wants the symbol in about the central 96x96 with 48 px of background around it.
                var central = x is >= 48 and < 144 && y is >= 48 and < 144;
                if (!central)
                {
                    Assert.True(icon[x, y] == expected, $"pixel ({x},{y}) is {icon[x, y]}, expected the accent colour {accent}");
                }
                else if (icon[x, y] == (255, 255, 255, 255))
                {
                    symbolPixels++;
                }
            }
        }

        Assert.InRange(symbolPixels, 96 * 96 / 4, 96 * 96 * 9 / 10);
    }

    [Fact]
    public void OutlineIcon_Pixels_AreOnlyWhiteOrFullyTransparent()
    {
        var icon = Committed("outline.png");

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.True(icon.HasAlpha);
        var white = 0;
        for (var y = 0; y < icon.Height; y++)
        {
            for (var x = 0; x < icon.Width; x++)
            {
                var (r, g, b, a) = icon[x, y];
                Assert.True(a == 0 || (a == 255 && r == 255 && g == 255 && b == 255), $"pixel ({x},{y}) is ({r},{g},{b},{a})");
                white += a == 255 ? 1 : 0;
            }
        }

        // A decoder that returned nothing, or an icon that is a white square, must not pass.
        Assert.InRange(white, 32 * 32 / 4, 32 * 32 * 9 / 10);
    }

    [Fact]
    public async Task IconGenerator_Run_ReproducesCommittedPixels()
    {
        using var dir = new TempDirectory();

        var result = await ProcessRunner.RunAsync("python3", [Repo.Path("scripts", "generate-app-icons.py"), dir.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var name in new[] { "color.png", "outline.png" })
        {
            // Pixels, not bytes: another zlib build may compress the same pixels differently.
            var generated = Png.Decode(File.ReadAllBytes(dir.File(name)));
            var committed = Committed(name);
            Assert.Equal((committed.Width, committed.Height), (generated.Width, generated.Height));
            Assert.True(committed.Rgba.AsSpan().SequenceEqual(generated.Rgba), $"{name} differs from the generator's output: run scripts/generate-app-icons.py");
        }
    }

    [Fact]
    public void PackageIcons_Bytes_AreTheCommittedIcons()
    {
        foreach (var name in new[] { "color.png", "outline.png" })
        {
            Assert.Equal(File.ReadAllBytes(Repo.Path("manifest", name)), File.ReadAllBytes(Path.Combine(package.Directory, name)));
        }

        Assert.Equal("color.png", package.Manifest["icons"]!["color"].Str());
        Assert.Equal("outline.png", package.Manifest["icons"]!["outline"].Str());
    }
}
