package io.github.replicarouting.autoconfigure.data;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

import io.github.replicarouting.RepositoryReads;
import io.github.replicarouting.RepositoryReadsPostProcessor;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties;

/**
 * Adds {@link RepositoryReadsPostProcessor} to every Spring Data repository factory before it
 * creates its repository, the way Spring Data documents customizing repository proxies. The
 * settings are read when the first repository factory starts, not when this post-processor is
 * created, so that binding them does not happen before the other post-processors are in place.
 */
final class RepositoryReadsBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ReplicaRoutingProperties> properties;

	RepositoryReadsBeanPostProcessor(ObjectProvider<ReplicaRoutingProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> repositories) {
			RepositoryReads mode = this.properties.getObject().getRepositoryReads();
			if (mode != RepositoryReads.PRIMARY) {
				RepositoryReadsPostProcessor postProcessor = new RepositoryReadsPostProcessor(mode);
				repositories.addRepositoryFactoryCustomizer(
						(factory) -> factory.addRepositoryProxyPostProcessor(postProcessor));
			}
		}
		return bean;
	}

}
