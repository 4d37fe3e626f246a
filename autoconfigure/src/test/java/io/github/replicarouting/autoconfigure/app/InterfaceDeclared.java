package io.github.replicarouting.autoconfigure.app;

import io.github.replicarouting.UsePrimary;

import org.springframework.transaction.annotation.Transactional;

/**
 * Routing declared on an interface, implemented by {@link InterfaceDeclaredService}.
 */
public interface InterfaceDeclared {

	@Transactional(readOnly = true)
	String readOnly();

	@UsePrimary
	@Transactional(readOnly = true)
	String usePrimary();

}
