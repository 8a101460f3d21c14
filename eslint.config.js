import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "coverage/",
      "action/",
      "build/",
      "bench/.out/",
      // Files rebuilt from other repositories for the accuracy cases (ignored by git too): not our code.
      "accuracy/cases/*/files/",
      "accuracy/cases/*/supporting/",
      "accuracy/cases/*/deltas/*/base/",
      "accuracy/cases/*/deltas/*/head/",
      "accuracy/cases/*/deltas/*/supporting/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
);
