// Builds the task pane (React + Fluent UI v9) into dist/taskpane/. ES modules for webpack so Fluent
// UI tree-shakes (toolchain.md: commonjs made an 18 MB bundle, esnext 208 KB).
const path = require("path");
const fs = require("fs");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const certDir = path.join(require("os").homedir(), ".office-addin-dev-certs");

/** The dev server serves https (Office requires it) with office-addin-dev-certs' files when present. */
function httpsOptions() {
  const key = path.join(certDir, "localhost.key");
  const cert = path.join(certDir, "localhost.crt");
  const ca = path.join(certDir, "ca.crt");
  if (fs.existsSync(key) && fs.existsSync(cert)) return { type: "https", options: { key: fs.readFileSync(key), cert: fs.readFileSync(cert), ca: fs.existsSync(ca) ? fs.readFileSync(ca) : undefined } };
  return { type: "https" }; // webpack-dev-server's own self-signed certificate
}

const OFFICE_CDN = "https://appsforoffice.microsoft.com";

/**
 * The pages' Content-Security-Policy: only what they need, so nothing a workbook contains can make the
 * pane load or send anything. Scripts from our origin and Office's script host; the worker from our
 * origin (or blob:); no connection beyond our origin (the dev server's live reload socket in
 * development); styles inline because Fluent UI (Griffel) inserts its style rules at run time; images
 * our own or data:/blob:; no objects, frames, forms or base URL.
 */
function contentSecurityPolicy(development) {
  return [
    "default-src 'none'",
    `script-src 'self' ${OFFICE_CDN}`,
    "worker-src 'self' blob:",
    `connect-src 'self'${development ? " wss://localhost:* ws://localhost:*" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

module.exports = (env, argv) => ({
  mode: argv.mode || "production",
  devtool: argv.mode === "development" ? "source-map" : false,
  entry: { taskpane: "./src/taskpane/index.tsx", commands: "./src/taskpane/commands.ts" },
  output: { path: path.resolve(__dirname, "dist/taskpane"), filename: "[name].js", clean: true },
  resolve: { extensions: [".ts", ".tsx", ".js"] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: { loader: "ts-loader", options: { configFile: "tsconfig.webpack.json", transpileOnly: true } },
      },
    ],
  },
  performance: { hints: false },
  plugins: [
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks: ["taskpane"],
      csp: contentSecurityPolicy(argv.mode === "development"),
    }),
    new HtmlWebpackPlugin({
      filename: "commands.html",
      template: "./src/taskpane/commands.html",
      chunks: ["commands"],
      csp: contentSecurityPolicy(argv.mode === "development"),
    }),
    new CopyWebpackPlugin({ patterns: [{ from: "assets/icon-*.png", to: "assets/[name][ext]" }, { from: "manifest.xml", to: "manifest.xml" }] }),
  ],
  devServer: {
    port: 3000,
    server: httpsOptions(),
    headers: { "Access-Control-Allow-Origin": "*" },
    static: { directory: path.resolve(__dirname, "dist/taskpane") },
  },
});
