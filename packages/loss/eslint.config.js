import { createConfig } from "@zae/eslint-config";

export default createConfig(import.meta.dirname);
