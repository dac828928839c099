// Keep client-js's console chatter out of test output (errors still print).
import { LogLevel, logger } from "@pipecat-ai/client-js";
logger.setLevel(LogLevel.ERROR);
