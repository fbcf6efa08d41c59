import type { SimulatorAnswer } from "../kit/simulator-answer";

const SECURITY_EXCEPTION = "org.apache.usergrid.rest.exceptions.SecurityException";

/**
 * Usergrid's error codes with their status, exception class and usual description, from its
 * exception mappers and AuthErrorInfo (docs/usergrid.md §1, docs/usergrid.md §2).
 */
const USERGRID_ERRORS = {
  entity_not_found: { status: 404, exception: "org.apache.usergrid.persistence.exceptions.EntityNotFoundException" },
  service_resource_not_found: {
    status: 404,
    exception: "org.apache.usergrid.services.exceptions.ServiceResourceNotFoundException",
    description: "Service resource not found",
  },
  organization_application_not_found: { status: 404, exception: "org.apache.usergrid.rest.exceptions.OrganizationApplicationNotFoundException" },
  unauthorized: { status: 401, exception: SECURITY_EXCEPTION, description: "Subject does not have permission to access this resource" },
  expired_token: { status: 401, exception: SECURITY_EXCEPTION, description: "Unable to authenticate due to expired access token" },
  auth_invalid: { status: 401, exception: SECURITY_EXCEPTION, description: "Unable to authenticate" },
  auth_unverified_oath: { status: 401, exception: SECURITY_EXCEPTION, description: "Unable to authenticate OAuth credentials" },
  invalid_client: { status: 401, exception: SECURITY_EXCEPTION, description: "Unable to authenticate (OAuth)" },
  illegal_argument: { status: 400, exception: "java.lang.IllegalArgumentException" },
  unsupported_service_operation: { status: 405, exception: "org.apache.usergrid.services.exceptions.UnsupportedServiceOperationException" },
  runtime: { status: 500, exception: "java.lang.RuntimeException", description: "Internal server error" },
  search_phase_execution: {
    status: 503,
    exception: "org.elasticsearch.action.search.SearchPhaseExecutionException",
    description: "Failed to execute phase [query], all shards failed",
  },
} as const satisfies Record<string, { status: number; exception: string; description?: string }>;

export type UsergridErrorCode = keyof typeof USERGRID_ERRORS;

/** The standard envelope `{error, timestamp, duration, exception, error_description}` (docs/usergrid.md §2). */
export function usergridError(code: UsergridErrorCode, description?: string, extra: Record<string, string> = {}): SimulatorAnswer {
  const known: { status: number; exception: string; description?: string } = USERGRID_ERRORS[code];
  const errorDescription = description ?? known.description;
  return {
    status: known.status,
    body: {
      error: code,
      timestamp: Date.now(),
      duration: 0,
      exception: known.exception,
      ...(errorDescription === undefined ? {} : { error_description: errorDescription }),
      ...extra,
    },
  };
}

/** Apache Amber's OAuth error, with no timestamp or exception (fixture token-400-invalid-grant.json). */
export const invalidGrant: SimulatorAnswer = { status: 400, body: { error: "invalid_grant", error_description: "invalid username or password" } };
