/** Jest: TypeScript through ts-jest. Browser tests (test/e2e) need the built add-in and Chromium. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  // office-addin-mock pulls in ESM-only uuid and strip-bom; let ts-jest transform those two.
  transformIgnorePatterns: ["node_modules/(?!.*node_modules/)(?!(uuid|strip-bom)/)"],
  testTimeout: 30000,
};
