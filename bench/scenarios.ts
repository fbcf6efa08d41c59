import type { LoadTarget } from "./load";
import type { UpstreamUrls } from "./processes";

/** The demo membership every scenario removes; the simulators restore it at once (bench mode). */
const BLUESHIFT_GROUP = "grp_orionretail";
const BLUESHIFT_USER = "57fbca61-3eed-43ea-aaa6-c35307296035";
const USERGRID_GROUP = "someGroup";
const USERGRID_USER = "74d2d7da-e694-11e3-b0c6-4d2664c8e0c3";

const MUTATION =
  "mutation Remove($provider: Provider!, $groupId: ID!, $uuid: UUID!) { removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: { uuid: $uuid }) { __typename } }";

/** The floor: the Blueshift simulator's removal route, called without the facade. */
export function directBlueshift(urls: UpstreamUrls): LoadTarget {
  return {
    url: `${urls.blueshift}/api/v1/customer_group/${BLUESHIFT_GROUP}/user/${BLUESHIFT_USER}`,
    method: "DELETE",
    headers: { accept: "application/json", authorization: `Basic ${Buffer.from("demo-user-api-key:").toString("base64")}` },
  };
}

/** The mutation through the facade; any answer but a removal counts as an error. */
export function facade(serverUrl: string, provider: "BLUESHIFT" | "USERGRID"): LoadTarget {
  const [groupId, uuid] = provider === "BLUESHIFT" ? [BLUESHIFT_GROUP, BLUESHIFT_USER] : [USERGRID_GROUP, USERGRID_USER];
  return {
    url: `${serverUrl}/`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: MUTATION, variables: { provider, groupId, uuid } }),
    // Apollo Server ends every JSON body with a newline.
    expectBody: `${JSON.stringify({ data: { removeUserFromGroup: { __typename: "MembershipRemoval" } } })}\n`,
  };
}
