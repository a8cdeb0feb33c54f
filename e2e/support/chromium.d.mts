export declare const CHROMIUM_ARGS: string[]
export declare const DISTRO_CHROMIUM: string
export declare function systemChromium(): string | undefined
export declare function launchOptions(): { headless: boolean; args: string[]; executablePath?: string }
