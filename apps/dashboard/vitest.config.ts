import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // A `.only` left in a test fails the run instead of quietly skipping the rest.
    allowOnly: false,
    // Stylesheets read `?raw` (the CSS usage test) keep their text; other CSS is stubbed.
    css: { include: [/[?&]raw\b/] },
  },
});
