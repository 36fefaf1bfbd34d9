package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.gatewaydrain.core.DrainControlException;
import org.junit.jupiter.api.Test;

/** Token strength, hashing, grants and matching. */
class TokensTest {

    @Test
    void weakSecrets_areRefusedWithAMessageSayingWhy() {
        assertThatThrownBy(() -> Tokens.requireStrong(Tokens.ENV_SECRET, "short"))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(Tokens.ENV_SECRET).hasMessageContaining("32");
        assertThatThrownBy(() -> Tokens.requireStrong(Tokens.ENV_SECRET, "ab".repeat(20)))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("16 distinct");
        Tokens.requireStrong(Tokens.ENV_SECRET, Tokens.generate());
    }

    @Test
    void strength_boundaryIs32CharactersWith16Distinct() {
        String sixteenDistinct = "abcdefghijklmnop";
        String exactly = sixteenDistinct + sixteenDistinct;

        Tokens.requireStrong("t", exactly);
        assertThatThrownBy(() -> Tokens.requireStrong("t", exactly.substring(1))).hasMessageContaining("31 characters");
        assertThatThrownBy(() -> Tokens.requireStrong("t", "abcdefghijklmnoo" + "abcdefghijklmnoo"))
                .hasMessageContaining("15 distinct");
    }

    @Test
    void authenticator_needsAtLeastOneGrant_andDistinctTokens() {
        assertThatThrownBy(() -> TokenAuthenticator.of(List.of())).isInstanceOf(DrainControlException.class);
        assertThatThrownBy(() -> TokenAuthenticator.of(List.of(
                new TokenGrant("a", Tokens.sha256("same-secret"), Set.of(Scope.STATUS)),
                new TokenGrant("b", Tokens.sha256("same-secret"), Set.of(Scope.DRAIN)))))
                .isInstanceOf(DrainControlException.class);
    }

    @Test
    void grantFromHex_matchesTheTokenItHashes() {
        String token = Tokens.generate();
        TokenAuthenticator authenticator = TokenAuthenticator.of(List.of(
                TokenGrant.ofHex("ops", Tokens.sha256Hex(token), Set.of(Scope.DRAIN))));

        assertThat(authenticator.authenticate("Bearer " + token)).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("ops");
            assertThat(p.may(Scope.DRAIN)).isTrue();
            assertThat(p.may(Scope.STATUS)).isFalse();
        });
        assertThatThrownBy(() -> TokenGrant.ofHex("ops", "abc", Set.of())).isInstanceOf(DrainControlException.class);
    }

    @Test
    void aSharedSecret_carriesDrainStatusAndIngress_butNeverInternal() {
        TokenGrant grant = TokenGrant.sharedSecret(Tokens.SECRET_PRINCIPAL, Tokens.generate());

        assertThat(grant.scopes()).containsExactlyInAnyOrder(Scope.DRAIN, Scope.STATUS, Scope.INGRESS);
    }

    @Test
    void aPresentedToken_isTrimmedLikeAConfiguredOne() {
        String token = Tokens.generate();
        TokenAuthenticator authenticator = TokenAuthenticator.of(List.of(TokenGrant.sharedSecret("ops", token)));

        assertThat(authenticator.authenticate("Bearer  " + token + " \t")).isPresent();
        assertThat(authenticator.authenticate("bearer " + token)).isPresent();
        assertThat(authenticator.authenticate("Bearer " + token + "x")).isEmpty();
        assertThat(authenticator.authenticate("Basic " + token)).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
    }
}
