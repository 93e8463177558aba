/** The demo organisation's owner token (`SOC2_SANDBOX_GITHUB_TOKEN` in the demo); only the sandbox accepts it. */
export const DEMO_GITHUB_TOKEN = 'ghp_SANDBOXSECRETgithubdemo0000000000000000';
