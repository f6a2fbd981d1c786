using KhConferenceBot.Features.CheckIn;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd.CheckIn;

/// <summary>
/// A camera for headless chromium: an init script replaces <c>navigator.mediaDevices.getUserMedia</c> with the
/// <c>captureStream()</c> of a canvas onto which a picture (a pass's QR) is drawn ten times a second, or with a refusal
/// (NotAllowedError, as when the person says no to the browser's question; NotFoundError, no camera at all). <c>window.__fakeCamera</c> lets the test take
/// the picture out of view and put it back, and counts the frames the desk's scanner has read (its getImageData calls).
/// </summary>
public static class FakeCamera
{
    /// <summary>Installs the camera for every later load of the page, then reloads it so the desk starts with it.</summary>
    public static Task InstallAsync(IPage page, byte[] png) => InstallAsync(page, "data:image/png;base64," + Convert.ToBase64String(png), "");

    /// <summary>
    /// Installs a camera refused with the DOMException named <paramref name="error"/> (NotAllowedError, NotFoundError…):
    /// by getUserMedia, or, <paramref name="atPlay"/>, by the video's play() once the stream was given (a browser
    /// refusing to play video without a gesture).
    /// </summary>
    public static Task InstallRefusingAsync(IPage page, string error, bool atPlay) =>
        InstallAsync(page, atPlay ? "data:image/png;base64," + Convert.ToBase64String(PassCard.QrPng("FAKE")) : "", atPlay ? "" : error, atPlay ? error : "");

    private static async Task InstallAsync(IPage page, string picture, string error, string playError = "")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.AddInitScriptAsync(Script
            .Replace("__PICTURE__", picture, StringComparison.Ordinal)
            .Replace("__ERROR__", error, StringComparison.Ordinal)
            .Replace("__PLAY_ERROR__", playError, StringComparison.Ordinal));
        await page.ReloadAsync();
    }

    /// <summary>How many frames the desk's scanner has read so far.</summary>
    public static Task<int> FramesReadAsync(IPage page) => page.EvaluateAsync<int>("() => window.__fakeCamera.framesRead");

    /// <summary>Waits until the scanner has read <paramref name="count"/> more frames than <paramref name="after"/>.</summary>
    public static Task WaitForFramesReadAsync(IPage page, int after, int count) =>
        page.WaitForFunctionAsync($"() => window.__fakeCamera.framesRead >= {after + count}");

    /// <summary>Takes the pass out of the camera's view (a white frame), or puts it back.</summary>
    public static Task ShowAsync(IPage page, bool shown) => page.EvaluateAsync($"() => {{ window.__fakeCamera.shown = {(shown ? "true" : "false")}; }}");

    private const string Script = """
        (() => {
          const camera = window.__fakeCamera = { shown: true, requests: 0, framesRead: 0 };
          const readPixels = CanvasRenderingContext2D.prototype.getImageData;
          CanvasRenderingContext2D.prototype.getImageData = function (...args) {
            camera.framesRead++;
            return readPixels.apply(this, args);
          };

          const error = '__ERROR__';
          const playError = '__PLAY_ERROR__';
          if (playError) {
            HTMLMediaElement.prototype.play = () => Promise.reject(new DOMException('The fake video refuses to play', playError));
          }

          navigator.mediaDevices.getUserMedia = async () => {
            camera.requests++;
            if (error) throw new DOMException('The fake camera refuses', error);
            const picture = new Image();
            picture.src = '__PICTURE__';
            await picture.decode();
            const canvas = document.createElement('canvas');
            canvas.width = 640;
            canvas.height = 480;
            const context = canvas.getContext('2d');
            context.imageSmoothingEnabled = false;
            const draw = () => {
              context.fillStyle = '#fff';
              context.fillRect(0, 0, canvas.width, canvas.height);
              if (camera.shown) {
                const side = Math.min(400, picture.width);
                context.drawImage(picture, (canvas.width - side) / 2, (canvas.height - side) / 2, side, side);
              }
            };
            draw();
            setInterval(draw, 100);
            return canvas.captureStream(10);
          };
        })();
        """;
}
