package org.openeuler.nestos.ostree.core.gpg;

import java.util.List;
import org.openeuler.nestos.ostree.core.ref.SignatureSource;

/**
 * An ostree remote name with the armored GPG public keys that verify images pulled through it
 * ({@code imagePolicy.ostreeRemote}); validated on construction ({@link ArmoredPublicKeys}).
 */
public record RemoteKeys(String remote, List<String> keys) {

  public RemoteKeys {
    if (remote == null) {
      throw new IllegalArgumentException("remote name is required");
    }
    SignatureSource.ostreeRemote(remote);
    keys = ArmoredPublicKeys.validate(keys);
  }

  @Override
  public String toString() {
    return "RemoteKeys[" + remote + ", " + keys.size() + " key(s)]";
  }
}
